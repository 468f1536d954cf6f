terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "name" {
  type    = string
  default = "billing-export"
}

variable "schedule" {
  type    = string
  default = "cron(0 3 ? * MON-FRI *)"
}

variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-0a1b2c3d4e5f60718"]
}

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_ecs_cluster" "jobs" {
  name = "scheduled-jobs"
}

resource "aws_cloudwatch_log_group" "job" {
  name              = "/ecs/${var.name}"
  retention_in_days = 30
}

resource "aws_ecs_task_definition" "job" {
  family                   = var.name
  requir