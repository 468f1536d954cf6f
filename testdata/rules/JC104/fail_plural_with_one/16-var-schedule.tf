variable "schedule" {
  type    = string
  default = "rate(1 hours)" # expect: JC104
}
