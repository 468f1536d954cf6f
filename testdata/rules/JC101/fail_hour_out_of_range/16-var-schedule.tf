variable "schedule" {
  type    = string
  default = "cron(0 24 ? * MON-FRI *)" # expect: JC101
}
