variable "max_age" {
  type = number
}
