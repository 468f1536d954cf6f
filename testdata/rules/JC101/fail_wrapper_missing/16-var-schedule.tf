variable "schedule" {
  type    = string
  default = "0 3 ? * MON-FRI *" # expect: JC101
}
