variable "hourly_schedule" {
  type = string
}
