resource "aws_cloudwatch_event_rule" "schedule" {
  name                = "${var.name}-schedule"
  schedule_expression = var.schedule
  event_bus_name      = "jobs" # expect: JC107
}
