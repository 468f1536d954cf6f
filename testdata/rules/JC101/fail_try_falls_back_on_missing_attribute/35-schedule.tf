resource "aws_cloudwatch_event_rule" "schedule" {
  name                = "${var.name}-schedule"
  schedule_expression = try(var.settings.schedule, "cron(0 3 * * *)") # expect: JC101
}
