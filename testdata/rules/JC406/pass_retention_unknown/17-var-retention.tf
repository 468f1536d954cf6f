variable "retention" {
  type = number
}
