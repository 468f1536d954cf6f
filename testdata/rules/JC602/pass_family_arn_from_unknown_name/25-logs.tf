resource "aws_cloudwatch_log_group" "job" {
  name              = local.log_group
  retention_in_days = 30
}
