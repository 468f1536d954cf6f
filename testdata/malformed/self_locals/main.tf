locals {
  a = local.b
  b = local.a
  c = "cron(${local.c})"
  d = [for x in local.d : x]
}

resource "aws_cloudwatch_event_rule" "r" {
  schedule_expression = local.c
}

resource "aws_cloudwatch_event_target" "t" {
  rule     = aws_cloudwatch_event_rule.r.name
  arn      = local.a
  role_arn = local.d
  ecs_target {
    task_definition_arn = aws_cloudwatch_event_target.t.arn
  }
}
