variable "schedule" {
  type    = string
  default = "cron(0 3 15 * MON *)" # expect: JC102
}
