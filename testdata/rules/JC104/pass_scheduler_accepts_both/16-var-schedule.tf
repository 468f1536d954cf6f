variable "schedule" {
  type    = string
  default = "rate(1 days)"
}
