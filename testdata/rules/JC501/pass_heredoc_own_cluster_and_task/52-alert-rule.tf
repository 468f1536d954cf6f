resource "aws_cloudwatch_event_rule" "failed" {
  name          = "${var.name}-failed"
  description   = "Scheduled task ${var.name} failed"
  event_pattern = <<EOF
{
  "source": ["aws.ecs"],
  "detail-type": ["ECS Task State Change"],
  "detail": {
    "clusterArn": ["${local.cluster_arn}"],
    "taskDefinitionArn": ["${aws_ecs_task_definition.job.arn}"],
    "lastStatus": ["STOPPED"],
    "$or": [
      { "containers": { "exitCode": [{ "anything-but": 0 }] } },
      { "stopCode": ["TaskFailedToStart"] }
    ]
  }
}
EOF
}

resource "aws_cloudwatch_event_target" "alert" {
  rule = aws_cloudwatch_event_rule.failed.name
  arn  = aws_sns_topic.failures.arn
}
