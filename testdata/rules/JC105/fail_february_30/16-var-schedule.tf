variable "schedule" {
  type    = string
  default = "cron(0 3 30 FEB ? *)" # expect: JC105
}
