resource "aws_ecs_task_definition" "job" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "512"
  memory                   = "1024"
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  container_definitions = jsonencode([
    {
      name      = "export"
      image     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/billing:2.0.1"
      essential = true
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = "/ecs/billing-export"
          "awslogs-region"        = data.aws_region.current.name
          "awslogs-stream-prefix" = "export"
        }
      }
    }
  ])
}
