resource "aws_cloudwatch_event_rule" "r" {
  schedule_expression = 42
  state               = ["DISABLED"]
}
resource "aws_cloudwatch_event_target" "t" {
  rule     = aws_cloudwatch_event_rule.r.name
  arn      = 7
  role_arn = {}
  ecs_target {
    task_definition_arn = null
    launch_type         = true
  }
  dead_letter_config {}
  retry_policy {
    maximum_event_age_in_seconds = "soon"
  }
}
resource "aws_ecs_task_definition" "t" {
  family                = "x"
  cpu                   = "lots"
  memory                = -1
  container_definitions = "[{\"logConfiguration\": 5}, 3, null]"
}
