variable "storage" {
  type = number
}
