data "aws_region" "current" {}

data "aws_region" "replica" {
  name = "eu-west-1"
}
data "aws_caller_identity" "current" {}

resource "aws_ecs_cluster" "jobs" {
  name = "scheduled-jobs"
}
