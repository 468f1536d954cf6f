variable "existing_events_role_arn" {
  description = "Used only when this configuration does not create the events role"
  type        = string
}

provider "aws" {
  region = "us-east-1"
}

locals {
  events_role_arn = aws_iam_role.events.arn != "" ? aws_iam_role.events.arn : var.existing_events_role_arn
  topic_arn       = coalesce(aws_sns_topic.failures.arn, var.existing_events_role_arn)
  has_dlq         = aws_sqs_queue.dlq.arn == null ? false : true
}
