variable "memory" {
  type = string
}
