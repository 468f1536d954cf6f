variable "schedule" {
  type    = string
  default = "cron(0 3 ? * 2-6 *)" # expect: JC103
}
