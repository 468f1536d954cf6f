variable "enabled" {
  description = "Whether to create the schedules; set by the caller"
  type        = bool
}

variable "schedules" {
  description = "One run of the job per expression"
  type        = list(string)
  default     = ["cron(0 3 ? * MON-FRI *)",
    "rate(6 hours)",
  ]
}
