variable "schedule" {
  type    = string
  default = "cron(0 3 ? * 2-6 *)" # jobcheck:ignore JC103 -- reviewed: MON-FRI
}
