variable "schedule" {
  type    = string
}
