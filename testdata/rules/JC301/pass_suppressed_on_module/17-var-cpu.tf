variable "cpu" {
  type = number
}

variable "memory" {
  type = number
}
