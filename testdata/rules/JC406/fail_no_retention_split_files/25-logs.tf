resource "aws_cloudwatch_log_group" "job" { # expect: JC406
  name = "/ecs/${var.name}"
}
