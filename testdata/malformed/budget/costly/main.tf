# A billion evaluations: this root runs out of budget; the other root is still checked.
locals {
  cube = [for i in range(1000) : [for j in range(1000) : [for k in range(1000) : i + j + k]]]
}

resource "aws_cloudwatch_event_rule" "costly" {
  name                = "costly"
  schedule_expression = length(local.cube) > 0 ? "cron(0 3 ? * 2-6 *)" : "rate(1 day)"
}
