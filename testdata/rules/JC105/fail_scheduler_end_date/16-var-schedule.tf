variable "schedule" {
  type    = string
  default = "cron(0 3 ? * MON-FRI *)" # expect: JC105
}
