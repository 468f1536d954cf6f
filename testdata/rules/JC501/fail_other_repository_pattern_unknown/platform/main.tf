# A platform repository: one alert rule for every account, its pattern supplied by callers.
variable "failure_pattern" {
  description = "Event pattern of the failure alert"
  type        = string
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_sns_topic" "platform_alerts" {
  name = "platform-alerts"
}

resource "aws_cloudwatch_event_rule" "task_failures" {
  name          = "task-failures"
  event_pattern = var.failure_pattern
}

resource "aws_cloudwatch_event_target" "task_failures" {
  rule = aws_cloudwatch_event_rule.task_failures.name
  arn  = aws_sns_topic.platform_alerts.arn
}
