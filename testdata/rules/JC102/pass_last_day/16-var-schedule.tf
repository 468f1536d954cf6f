variable "schedule" {
  type    = string
  default = "cron(0 3 L * ? *)"
}
