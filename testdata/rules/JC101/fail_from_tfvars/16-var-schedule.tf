variable "schedule" {
  type = string
}
