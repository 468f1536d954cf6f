# expect(+9): JC002
resource "aws_cloudwatch_event_rule" "failed" {
  name          = "${var.name}-failed"
  description   = "Scheduled task ${var.name} failed"
  event_pattern = <<EOF
{
  "source": ["aws.ecs"],
  "detail-type": ["ECS Task State Change"],
  "detail": {
    "clusterArn": ["${var.alert_cluster_arn}"],
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
