variable "schedule" {
  type    = string
  default = "cron(0 3 * * * *)" # expect: JC102
}
