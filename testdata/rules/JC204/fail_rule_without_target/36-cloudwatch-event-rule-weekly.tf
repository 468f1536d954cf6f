resource "aws_cloudwatch_event_rule" "weekly" { # expect: JC204
  name                = "${var.name}-weekly"
  schedule_expression = "rate(7 days)"
}
