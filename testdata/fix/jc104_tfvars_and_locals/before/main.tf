# A small platform repo: three cron jobs from one local module, one EventBridge Scheduler
# job, and things that look like jobs but are not.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

locals {
  subnets = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]
  jobs = {
    nightly-report = { schedule = "cron(0 3 ? * MON-FRI *)", cpu = 512, memory = 1024 }
    weekly-export  = { schedule = "cron(30 4 ? * 1 *)", cpu = 1024, memory = 4096 }
  }
}

module "job" {
  for_each   = local.jobs
  source     = "./modules/scheduled-job"
  name       = each.key
  schedule   = each.value.schedule
  cpu        = each.value.cpu
  memory     = each.value.memory
  subnet_ids = local.subnets
}

module "hourly_sync" {
  source     = "./modules/scheduled-job"
  name       = "hourly-sync"
  schedule   = var.hourly_schedule
  subnet_ids = local.subnets
  cpu        = 256
  memory     = 4096
}

# Look-alikes: a service and a Lambda schedule are not scheduled ECS jobs.
resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = "web"
  task_definition = "web:3"
  desired_count   = 2
  launch_type     = "FARGATE"
}

resource "aws_cloudwatch_event_rule" "cleanup" {
  name                = "nightly-cleanup"
  schedule_expression = "rate(1 day)"
}

resource "aws_cloudwatch_event_target" "cleanup" {
  rule = aws_cloudwatch_event_rule.cleanup.name
  arn  = "arn:aws:lambda:us-east-1:123456789012:function:cleanup"
}

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
