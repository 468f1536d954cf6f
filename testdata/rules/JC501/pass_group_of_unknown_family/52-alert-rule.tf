resource "aws_cloudwatch_event_rule" "failed" {
  name = "${var.name}-failed"
  event_pattern = <<-JSON
    {
      "source": ["aws.ecs"],
      "detail-type": ["ECS Task State Change"],
      "detail": {
        "group": ["family:${aws_ecs_task_definition.job.family}"],
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
