# Failure alerting: non-zero exits and tasks that never started go to SNS.
resource "aws_sns_topic" "failures" { # expect: JC506
  name = "${var.name}-failures"
}

data "aws_iam_policy_document" "failures_topic" {
  statement {
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.failures.arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }
}
