variable "environment" {
  description = "Deployment environment"
  type        = string
}

locals {
  schedules = {
    production = "cron(0 3 * * 1-5)" # expect: JC101
    staging    = "cron(0 5 ? * MON-FRI *)"
  }
}

output "schedule" {
  value = local.schedules[var.environment]
}
