resource "aws_cloudwatch_event_rule" "schedule" { # expect: JC501
  name                = "${var.name}-schedule"
  schedule_expression = var.schedule
}
