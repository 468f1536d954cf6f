variable "schedule" {
  type    = string
  default = "rate(5 minute)" # expect: JC104
}
