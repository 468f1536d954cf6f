resource "aws_cloudwatch_event_rule" "tick" {
  name                = "tick"
  schedule_expression = "rate(1 hours)"
}
