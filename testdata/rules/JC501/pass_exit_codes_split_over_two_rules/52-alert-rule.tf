# Two rules share the alerting: exit 1 in one, exit 137 and failed starts in the other.
resource "aws_cloudwatch_event_rule" "exit_1" {
  name = "${var.name}-exit-1"
  event_pattern = jsonencode({
    source        = ["aws.ecs"]
    "detail-type" = ["ECS Task State Change"]
    detail = {
      group      = ["family:${var.name}"]
      lastStatus = ["STOPPED"]
      containers = { exitCode = [1] }
    }
  })
}

resource "aws_cloudwatch_event_target" "exit_1" {
  rule = aws_cloudwatch_event_rule.exit_1.name
  arn  = aws_sns_topic.failures.arn
}

resource "aws_cloudwatch_event_rule" "killed_or_not_started" {
  name = "${var.name}-killed"
  event_pattern = jsonencode({
    source        = ["aws.ecs"]
    "detail-type" = ["ECS Task State Change"]
    detail = {
      group      = ["family:${var.name}"]
      lastStatus = ["STOPPED"]
      "$or" = [
        { containers = { exitCode = [{ numeric = [">", 1] }] } },
        { stopCode = ["TaskFailedToStart"] }
      ]
    }
  })
}

resource "aws_cloudwatch_event_target" "killed_or_not_started" {
  rule = aws_cloudwatch_event_rule.killed_or_not_started.name
  arn  = aws_sns_topic.failures.arn
}
