resource "aws_cloudwatch_event_rule" "deep" {
  name                = "deep"
  schedule_expression = "rate(1 hours)"
}
