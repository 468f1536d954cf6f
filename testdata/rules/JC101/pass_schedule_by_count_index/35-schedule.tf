resource "aws_cloudwatch_event_rule" "schedule" {
  count               = var.enabled ? length(var.schedules) : 0
  name                = "${var.name}-schedule-${count.index}"
  schedule_expression = var.schedules[count.index]
}
