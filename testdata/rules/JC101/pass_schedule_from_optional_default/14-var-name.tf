variable "job" {
  description = "The job; unset attributes take the defaults below"
  type = object({
    name     = string
    schedule = optional(string, "cron(0 3 ? * MON-FRI *)")
    cpu      = optional(number, 512)
    memory   = optional(string, "1024")
    alerts = optional(object({
      enabled = optional(bool, true)
      topic   = optional(string)
    }), {})
  })
}

locals {
  name = var.job.name
}
