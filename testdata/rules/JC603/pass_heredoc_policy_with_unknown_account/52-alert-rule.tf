resource "aws_cloudwatch_event_rule" "failed" {
  name = "${var.name}-failed"
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
  rule = aws_cloudwatch_event_rule.failed.name
  arn  = aws_sns_topic.failures.arn
}
