variable "schedule" {
  type    = string
  default = "cron(0/30 20-2 ? * MON-FRI *)"
}
