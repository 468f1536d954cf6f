data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

variable "cluster_name" {
  description = "An existing cluster to run in; empty creates one"
  type        = string
  default     = ""
}

data "aws_ecs_cluster" "existing" {
  count        = var.cluster_name != "" ? 1 : 0
  cluster_name = var.cluster_name
}

resource "aws_ecs_cluster" "jobs" {
  count = var.cluster_name == "" ? 1 : 0
  name  = "scheduled-jobs"
}

locals {
  cluster_arn = var.cluster_name != "" ? data.aws_ecs_cluster.existing[0].arn : aws_ecs_cluster.jobs[0].arn
}
