resource "aws_cloudwatch_event_rule" "failed" {
  count = var.job.alerts.enabled ? 1 : 0
  name  = "${local.name}-failed"
  event_pattern = <<-JSON
    {
      "source": ["aws.ecs"],
      "detail-type": ["ECS Task State Change"],
      "detail": {
        "taskDefinitionArn": [{ "prefix": "${aws_ecs_task_definition.job.arn_without_revision}:" }],
        "lastStatus": ["STOPPED"],
        "$or": [
          { "containers": { "exitCode": [{ "anything-but": 0 }] } },
          { "stopCode": ["TaskFailedToStart"] }
        ]
      }
    }
  JSON
}

resource "aws_cloudwatch_event_target" "alert" {
  count = var.job.alerts.enabled ? 1 : 0
  rule  = aws_cloudwatch_event_rule.failed[0].name
  arn  = aws_sns_topic.failures.arn
}
