variable "schedule" {
  type    = string
  default = "cron(0 3 1 * ? 2020-2024)" # expect: JC105
}
