
resource "aws_cloudwatch_event_rule" "failed" {
  name = "${var.name}-failed"
  event_pattern = jsonencode({
    source        = ["aws.ecs"]
    "detail-type" = ["ECS Task State Change"]
    detail = {
      clusterArn = [aws_ecs_cluster.jobs.arn]
      group      = ["family:${var.name}"]
      lastStatus = ["STOPPED"]
      "$or" = [
        { containers = { exitCode = [{ numeric = [">", 0] }] } },
        { stopCode = ["TaskFailedToStart"] }
      ]
    }
  })
}

resource "aws_cloudwatch_event_target" "alert" {
  rule = aws_cloudwatch_event_rule.failed.name
  arn  = aws_sns_topic.failures.arn
}
