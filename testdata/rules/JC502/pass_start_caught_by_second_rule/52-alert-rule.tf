# Non-zero exits in one rule; a second rule catches tasks that never started.
resource "aws_cloudwatch_event_rule" "failed" {
  name = "${var.name}-failed"
  event_pattern = jsonencode({
    source        = ["aws.ecs"]
    "detail-type" = ["ECS Task State Change"]
    detail = {
      taskDefinitionArn = [{ prefix = "${aws_ecs_task_definition.job.arn_without_revision}:" }]
      lastStatus        = ["STOPPED"]
      containers        = { exitCode = [{ "anything-but" = 0 }] }
    }
  })
}

resource "aws_cloudwatch_event_target" "failed" {
  rule = aws_cloudwatch_event_rule.failed.name
  arn  = aws_sns_topic.failures.arn
}

resource "aws_cloudwatch_event_rule" "not_started" {
  name = "${var.name}-not-started"
  event_pattern = jsonencode({
    source        = ["aws.ecs"]
    "detail-type" = ["ECS Task State Change"]
    detail = {
      taskDefinitionArn = [{ prefix = "${aws_ecs_task_definition.job.arn_without_revision}:" }]
      stopCode          = ["TaskFailedToStart"]
    }
  })
}

resource "aws_cloudwatch_event_target" "not_started" {
  rule = aws_cloudwatch_event_rule.not_started.name
  arn  = aws_sns_topic.failures.arn
}
