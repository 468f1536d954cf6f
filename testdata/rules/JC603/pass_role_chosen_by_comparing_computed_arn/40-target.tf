resource "aws_cloudwatch_event_target" "run_task" {
  rule     = aws_cloudwatch_event_rule.schedule.name
  arn      = aws_ecs_cluster.jobs.arn
  role_arn = local.events_role_arn

  ecs_target {
    task_definition_arn = aws_ecs_task_definition.job.arn
    launch_type         = "FARGATE"
    platform_version    = "1.4.0"

    network_configuration {
      subnets          = var.subnet_ids
      assign_public_ip = false
    }
  }

  dynamic "dead_letter_config" {
    for_each = local.has_dlq ? [1] : []
    content {
      arn = aws_sqs_queue.dlq.arn
    }
  }
}
