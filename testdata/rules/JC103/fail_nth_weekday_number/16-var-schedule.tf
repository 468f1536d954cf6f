variable "schedule" {
  type    = string
  default = "cron(0 3 ? * 7#5 *)" # expect: JC103
}
