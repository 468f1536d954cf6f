variable "cpu" {
  type = string
}
